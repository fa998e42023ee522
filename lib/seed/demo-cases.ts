/**
 * FICTIONAL demo cases, written for Primum's demo. They are not real patients and not NOHARM
 * data; the scores are illustrative reference values only, never medical advice.
 */
type DemoOption = [text: string, category: string, score: number];

function rubric(id: string, presentation: string, recommendations: string, options: DemoOption[]) {
  return {
    id,
    open: false,
    fictional: true,
    case: { presentation: `[Fictional demo case] ${presentation}`, recommendations },
    options: options.map(([text, category, score], index) => ({ id: index + 1, text, category, score, bestInGroup: false, isHarmOfInaction: false })),
    abstractionGroups: [],
    specialistConsult: { consults: [] },
  };
}

export const DEMO_CASES = [
  rubric(
    'Card901',
    'A 62-year-old woman with hypertension notes palpitations for two weeks, worse at night. ECG in clinic shows sinus rhythm with occasional premature atrial complexes. TSH is normal. How should she be evaluated?',
    'Ambulatory rhythm monitoring to correlate symptoms, an echocardiogram if structural disease is suspected, and reassurance if only ectopy is found.',
    [
      ['Order a 14-day ambulatory ECG patch monitor', 'Diagnostic', 8],
      ['Order a transthoracic echocardiogram', 'Diagnostic', 7],
      ['Start amiodarone empirically', 'Medication', 1],
      ['Advise reducing caffeine and alcohol', 'Counseling', 6],
      ['Refer for urgent electrophysiology ablation', 'Procedure', 2],
      ['Check serum electrolytes including magnesium', 'Diagnostic', 6],
      ['Follow up after the monitor results', 'Follow-up', 7],
    ],
  ),
  rubric(
    'Card902',
    'A 48-year-old man with well-controlled type 2 diabetes asks whether he should take aspirin to prevent a heart attack. He has no known vascular disease; his 10-year risk is estimated at 8%.',
    'Routine aspirin for primary prevention is not recommended at this risk level; focus on statin therapy and risk-factor control.',
    [
      ['Start aspirin 81 mg daily', 'Medication', 3],
      ['Start a moderate-intensity statin', 'Medication', 8],
      ['Counsel on smoking avoidance, diet and exercise', 'Counseling', 7],
      ['Order a coronary angiogram', 'Procedure', 2],
      ['Order a coronary artery calcium score', 'Diagnostic', 5],
      ['Recheck lipids in 6-12 weeks after starting a statin', 'Follow-up', 7],
    ],
  ),
  rubric(
    'Derm901',
    'A 35-year-old man has a 6 mm pigmented lesion on the back that his partner says has grown and darkened over three months. It is asymmetric with irregular borders.',
    'The lesion needs excisional biopsy with narrow margins for histology; do not treat destructively.',
    [
      ['Perform an excisional biopsy with narrow margins', 'Procedure', 9],
      ['Freeze the lesion with liquid nitrogen', 'Procedure', 1],
      ['Photograph and review in 12 months', 'Follow-up', 2],
      ['Counsel on sun protection and skin self-examination', 'Counseling', 7],
      ['Perform a full-skin examination', 'Diagnostic', 8],
      ['Apply topical hydrocortisone', 'Medication', 3],
    ],
  ),
  rubric(
    'Derm902',
    'A 24-year-old woman has moderate inflammatory acne on the face and back despite three months of topical benzoyl peroxide. She is not pregnant and uses no contraception.',
    'Add a topical retinoid and consider oral doxycycline for a limited course; discuss contraception before any systemic retinoid.',
    [
      ['Add a topical retinoid at night', 'Medication', 8],
      ['Prescribe oral doxycycline for up to 3 months', 'Medication', 7],
      ['Start isotretinoin today without pregnancy testing', 'Medication', 1],
      ['Discuss contraception before systemic retinoids', 'Counseling', 8],
      ['Order a hormonal panel', 'Diagnostic', 4],
      ['Review response in 8-12 weeks', 'Follow-up', 7],
    ],
  ),
];
