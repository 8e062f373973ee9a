import { describe, expect, it } from 'vitest';
import { sdkSnippets } from './sdk-snippets';

describe('sdkSnippets', () => {
  const s = sdkSnippets({ token: 'phc_abc123', origin: 'http://127.0.0.1:8010' });

  it('points posthog-js at this server with the project token', () => {
    expect(s.webInit).toContain("posthog.init('phc_abc123', {");
    expect(s.webInit).toContain("api_host: 'http://127.0.0.1:8010',");
    expect(s.webInit).toContain("person_profiles: 'identified_only'");
    expect(s.webHtml).toContain("api_host: 'http://127.0.0.1:8010',");
    expect(s.webHtml).toContain('<script src="http://127.0.0.1:8010/static/array.full.js"></script>');
    expect(s.webHtml).not.toMatch(/posthog\.com|unpkg|jsdelivr/);
  });

  it('points posthog-node at this server', () => {
    expect(s.node).toContain("new PostHog('phc_abc123', { host: 'http://127.0.0.1:8010' })");
  });

  it('keeps odd characters inside the string literal', () => {
    const odd = sdkSnippets({ token: "it's", origin: 'http://x' });
    expect(odd.webInit).toContain("posthog.init('it\\'s', {");
  });
});
