import { TestBed } from '@angular/core/testing';
import { MarkdownRenderer } from './markdown-renderer';

describe('MarkdownRenderer', () => {
  it('renders markdown and strips anything that could run code', async () => {
    const html = await TestBed.inject(MarkdownRenderer).render(
      '---\nstatus: done\n---\n# Sources\n\n1. **Walpole** <img src=x onerror="alert(1)">\n2. [OED](https://oed.com) [bad](javascript:alert(1))\n\n<script>alert(2)</script>\n',
    );
    expect(html).toContain('<h1>Sources</h1>');
    expect(html).toContain('<strong>Walpole</strong>');
    expect(html).toContain('href="https://oed.com"');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).not.toMatch(/onerror|javascript:|<script|status: done/);
  });
});
