/** How workflow types and depths read in the app. */
const TYPES: Record<string, { label: string; icon: string }> = {
  'visual-essay': { label: 'Visual essay', icon: 'auto_stories' },
  infographic: { label: 'Infographic', icon: 'insert_chart' },
  research: { label: 'Research brief', icon: 'science' },
};

const DEPTHS: Record<string, string> = { quick: 'Quick', standard: 'Standard', deep: 'Deep dive' };

export function typeLabel(type: string | null | undefined): string {
  return (type && TYPES[type]?.label) || 'Workflow';
}

export function typeIcon(type: string | null | undefined): string {
  return (type && TYPES[type]?.icon) || 'auto_awesome';
}

export function depthLabel(depth: string | null | undefined): string {
  return (depth && DEPTHS[depth]) || 'Standard';
}
