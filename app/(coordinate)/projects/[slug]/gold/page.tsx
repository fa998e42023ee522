import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { GoldRuleEditor } from '@/components/gold/gold-rule-editor';
import { requireProjectPage } from '@/lib/projects/access';
import { getGoldPreviewData } from '@/lib/adjudication/gold-data';
import { canCoordinate } from '@/lib/auth/roles';
import { describeGoldRule } from '@/lib/gold';

export const metadata: Metadata = { title: 'Gold rule' };

export default async function GoldRulePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project } = await requireProjectPage(slug);
  const data = await getGoldPreviewData({ user, slug });
  return (
    <div className="space-y-5">
      <ProjectNav slug={slug} name={project.name} role={user.role} current="gold" />
      <div>
        <h1 className="text-2xl font-bold">Gold rule</h1>
        <p className="text-sm text-slate-600" data-testid="gold-rule-current">Current rule: {describeGoldRule(data.goldRule)}. Each release records the rule it was locked with.</p>
      </div>
      <Card title="Rule and preview">
        <GoldRuleEditor projectId={data.projectId} current={data.goldRule} rows={data.rows} canEdit={canCoordinate(user.role)} />
      </Card>
    </div>
  );
}
