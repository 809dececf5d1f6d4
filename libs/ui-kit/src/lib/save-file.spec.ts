import { saveFile } from './save-file';

/** jsdom's Blob has no text(). */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

describe('saveFile', () => {
  afterEach(() => vi.restoreAllMocks());

  it('downloads text under the given name and type, leaving no link behind', async () => {
    let saved: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved = blob as Blob;
      return 'blob:test-1';
    });
    const clicks: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download });
    });
    saveFile('a,b\n1,2\n', 'runs.csv', 'text/csv');
    expect(clicks).toEqual([{ href: 'blob:test-1', download: 'runs.csv' }]);
    expect(saved!.type).toBe('text/csv');
    expect(await readText(saved!)).toBe('a,b\n1,2\n');
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('saves a Blob as it is', () => {
    const blob = new Blob(['<h1>x</h1>'], { type: 'text/html' });
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:test-2');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    saveFile(blob, 'essay.html');
    expect(created).toHaveBeenCalledWith(blob);
  });
});
