import type { Rating } from './types';

/*
 * Published reliability data sets with their published coefficients, and one clustered set whose
 * reference values come from an independent, deliberately naive stdlib-only Python implementation
 * (direct textbook formulas, pairing every value; mulberry32 and the case resampling re-implemented
 * in Python for the bootstrap figures). That script is not part of the repository.
 */

/** Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 coders x 12 units, "." missing. */
export const KRIPPENDORFF_2011 = {
  A: '1 2 3 3 2 1 4 1 2 . . .',
  B: '1 2 3 3 2 2 4 1 2 5 . 3',
  C: '. 3 3 3 2 3 4 2 2 5 1 .',
  D: '1 2 3 3 2 4 4 1 2 5 1 .',
};

/** Fleiss (1971), 30 patients x 6 psychiatrists, 5 diagnoses; each string is one patient's six ratings. */
export const FLEISS_1971 =
  '444444 222555 233335 555555 222444 113333 333355 113334 114444 555555 144444 124444 222333 144444 224445 333335 111455 111112 224444 133555 555555 244444 224555 114444 144445 222224 111155 224444 133333 555555';

/** R package irr, data set `anxiety`: 20 subjects x 3 raters, scale 1-6. */
export const ANXIETY = {
  r1: '3 3 3 4 5 5 2 3 5 2 2 6 1 5 2 2 1 2 4 3',
  r2: '3 6 4 6 2 4 2 4 3 3 2 3 3 3 2 2 1 3 3 4',
  r3: '2 1 4 4 3 2 1 6 1 1 1 2 3 3 1 1 3 3 2 2',
};

/** Raters as columns of space-separated scores ("." = missing), items numbered from 1. */
export function columnsToRatings(columns: Record<string, string>): Rating[] {
  return Object.entries(columns).flatMap(([rater, column]) =>
    column.split(' ').flatMap((v, i) => (v === '.' ? [] : [{ item: `u${i + 1}`, rater, value: Number(v) }])),
  );
}

export function fleissRatings(): Rating[] {
  return FLEISS_1971.split(' ').flatMap((patient, i) => [...patient].map((d, j) => ({ item: `p${i + 1}`, rater: `r${j + 1}`, value: Number(d) })));
}

/** The clustered set: 12 cases, 3-6 options each, mostly 3 raters per option, some 1, 2 or 4. */
export function clusteredRatings(): Rating[] {
  return CLUSTERED_RATINGS.trim().split('\n').flatMap((line) => {
    const [cluster, item, ...scores] = line.split(' ');
    return scores.map((s) => ({ item, rater: s.split(':')[0], value: Number(s.split(':')[1]), cluster }));
  });
}

/** One option a line: case, option, then rater:score. */
const CLUSTERED_RATINGS = `
Card001 Card001-1 dr8:7
Card001 Card001-2 dr7:1 dr5:1 dr6:3 dr8:1
Card001 Card001-3 dr4:9 dr8:9 dr6:8
Card002 Card002-1 dr9:6 dr8:6
Card002 Card002-2 dr7:7 dr9:6
Card002 Card002-3 dr1:9 dr8:9 dr7:8
Card002 Card002-4 dr7:9
Card003 Card003-1 dr1:9 dr5:8 dr3:9
Card003 Card003-2 dr2:9
Card003 Card003-3 dr1:8 dr5:9 dr4:8
Card003 Card003-4 dr3:4 dr5:5 dr2:5 dr4:6
Card003 Card003-5 dr4:6
Card004 Card004-1 dr8:9 dr5:9 dr6:9
Card004 Card004-2 dr4:9 dr8:9
Card004 Card004-3 dr4:1 dr6:1 dr7:1
Card005 Card005-1 dr1:8
Card005 Card005-2 dr9:2 dr8:2 dr1:2
Card005 Card005-3 dr8:2 dr1:2 dr2:3
Card006 Card006-1 dr4:9 dr5:9
Card006 Card006-2 dr5:7 dr1:9
Card006 Card006-3 dr3:4 dr1:2 dr2:3
Card006 Card006-4 dr4:2 dr3:2 dr2:4 dr1:2
Card006 Card006-5 dr4:9 dr2:8 dr5:8
Card006 Card006-6 dr3:9 dr1:6 dr2:7
Card007 Card007-1 dr7:9 dr6:7 dr4:9
Card007 Card007-2 dr7:1 dr6:1 dr5:2
Card007 Card007-3 dr5:9 dr6:9
Card007 Card007-4 dr4:3 dr7:2
Card008 Card008-1 dr8:9
Card008 Card008-2 dr8:2 dr2:1 dr1:1
Card008 Card008-3 dr1:2 dr9:3
Card008 Card008-4 dr9:8
Card008 Card008-5 dr2:3 dr9:3 dr1:2
Card008 Card008-6 dr2:9 dr7:9 dr1:7
Card009 Card009-1 dr3:7 dr1:7 dr5:9
Card009 Card009-2 dr1:6 dr2:9
Card009 Card009-3 dr1:3 dr5:1
Card009 Card009-4 dr2:9 dr3:9
Card010 Card010-1 dr7:9 dr5:9 dr4:9
Card010 Card010-2 dr7:2 dr5:1 dr8:2
Card010 Card010-3 dr8:5 dr7:5 dr4:7
Card010 Card010-4 dr6:8
Card011 Card011-1 dr7:5
Card011 Card011-2 dr7:5 dr1:7
Card011 Card011-3 dr7:5 dr9:7 dr8:5
Card011 Card011-4 dr9:9 dr7:8 dr8:9
Card011 Card011-5 dr8:8 dr7:7 dr9:8
Card011 Card011-6 dr9:9
Card012 Card012-1 dr4:7 dr3:9 dr1:9
Card012 Card012-2 dr5:1 dr2:3 dr1:1
Card012 Card012-3 dr1:7 dr3:8 dr5:9
Card012 Card012-4 dr1:6 dr5:7 dr3:7
Card012 Card012-5 dr4:2 dr2:2 dr5:4 dr1:3
`;

export const CLUSTERED_REFERENCE = {
  alpha_nominal: 0.2833981841763943,
  alpha_ordinal: 0.8497309895059966,
  alpha_interval: 0.9173750932140194,
  alpha_ratio: 0.8420087780212656,
  alpha_zones: 0.7282608695652174,
  fleiss: 0.26940753971650216,
  pa: 0.3953488372093024,
  ac1: 0.3255784454868716,
  ac2_linear: 0.727173656188043,
  ac2_quadratic: 0.9071654431440453,
  pa_quadratic: 0.9755935077519382,
  fleiss_by_category: [0.38671023568754026, 0.15971581702604998, -0.20378835495114567, -0.2582776512747771, 0.4081239269548932, 0.34870279719985997, -0.044632953110072426, 0.43603814622720427, 0.4716658585926137],
  cohen: [
    ["dr1", "dr2", 10, -0.011235955056179785, 0.5104895104895101, 0.8065476190476183],
    ["dr1", "dr3", 8, 0.38461538461538464, 0.6888888888888889, 0.8571428571428571],
    ["dr1", "dr4", 4, 0.38461538461538464, 0.7692307692307693, 0.9285714285714286],
    ["dr1", "dr5", 9, -0.058823529411764705, 0.5877862595419847, 0.8703170028818444],
    ["dr1", "dr7", 3, -0.125, 1.0658141036401495e-15, 0.22857142857142795],
    ["dr1", "dr8", 4, 0.5555555555555556, 0.9130434782608695, 0.9871794871794872],
    ["dr1", "dr9", 3, 0.0, 2.664535259100371e-15, 0.0],
    ["dr2", "dr3", 5, 0.047619047619047596, 0.5833333333333328, 0.8447204968944099],
    ["dr2", "dr4", 4, 0.14285714285714285, 0.6666666666666666, 0.8878504672897196],
    ["dr2", "dr5", 4, 0.42857142857142855, 0.6363636363636364, 0.8260869565217391],
    ["dr2", "dr7", 1, null, null, null],
    ["dr2", "dr8", 2, 0.0, 0.0, 0.0],
    ["dr2", "dr9", 1, null, null, null],
    ["dr3", "dr4", 3, 0.25, 0.5714285714285713, 0.7999999999999999],
    ["dr3", "dr5", 5, -3.469446951953614e-17, 0.44444444444444414, 0.7407407407407399],
    ["dr4", "dr5", 6, 0.07692307692307689, 0.6511627906976748, 0.8911917098445592],
    ["dr4", "dr6", 3, 0.25, 0.7428571428571429, 0.9327354260089684],
    ["dr4", "dr7", 5, 0.5000000000000001, 0.8387096774193549, 0.955116696588869],
    ["dr4", "dr8", 3, 0.39999999999999997, 0.5714285714285712, 0.727272727272727],
    ["dr5", "dr6", 4, 0.2727272727272727, 0.8064516129032258, 0.9537037037037037],
    ["dr5", "dr7", 4, 0.2, 0.84, 0.9776536312849162],
    ["dr5", "dr8", 3, 0.49999999999999994, 0.909090909090909, 0.9876543209876539],
    ["dr6", "dr7", 4, 0.2, 0.6666666666666666, 0.8888888888888888],
    ["dr6", "dr8", 3, 0.14285714285714285, 0.7096774193548387, 0.9214659685863872],
    ["dr7", "dr8", 7, 0.4878048780487805, 0.8662420382165604, 0.9731800766283524],
    ["dr7", "dr9", 4, -0.23076923076923078, 0.09090909090909091, 0.4166666666666667],
    ["dr8", "dr9", 5, 0.761904761904762, 0.852941176470588, 0.9333333333333335],
  ],
  per_rater: {
    dr1: [22, 0.7663315666133472, 0.7494045769907839, -0.40151515151515144],
    dr2: [13, 0.7947648646044136, 0.826374695863747, 0.5384615384615384],
    dr3: [10, 0.7734351723951138, 0.7818164213787762, 0.30000000000000004],
    dr4: [14, 0.8605740082925419, 0.8742266401590457, 0.19047619047619044],
    dr5: [18, 0.8495652530609599, 0.9200699844996307, -0.027777777777777804],
    dr6: [7, 0.8410322212717423, 0.9230769230769231, -0.21428571428571427],
    dr7: [15, 0.8737790561484362, 0.8379902755267423, -0.3777777777777778],
    dr8: [14, 0.9059092256838822, 0.8704340962904499, 0.023809523809523805],
    dr9: [8, 0.8903049901718344, 0.9037735849056604, 0.4375],
  },
  boot_ordinal: [0.7787582763163005, 0.8921421253026505, 200],
  boot_items_interval: [0.8770487273943677, 0.9431547303499038, 100],
  boot_items_ac2q: [0.8734756063765283, 0.940725644804916, 100],
  boot_ac1: [0.22871409687329378, 0.461759984737628, 200],
  boot_fleiss: [0.1641756100598063, 0.4029849111425297, 200],
} as const;
