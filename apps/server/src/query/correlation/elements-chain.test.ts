import { describe, expect, it } from 'vitest';
import { chainToElements } from './elements-chain';

describe('chainToElements', () => {
  it('reads tags, classes, text, href, ids, positions and attributes, clicked element first', () => {
    const chain =
      'button.btn.cta:attr__class="btn cta"attr__data-x="a;b"nth-child="2"nth-of-type="1"text="Buy \\"now\\"";form:attr_id="f"attr__id="f"nth-child="1"nth-of-type="1";a:href="/x"attr__href="/x"';
    const [button, form, link] = chainToElements(chain);
    expect(button).toMatchObject({
      tag_name: 'button',
      attr_class: ['btn', 'cta'],
      text: 'Buy "now"',
      nth_child: 2,
      nth_of_type: 1,
      order: 0,
      attributes: { attr__class: 'btn cta', 'attr__data-x': 'a;b' },
    });
    expect(form).toMatchObject({ tag_name: 'form', attr_id: 'f', attr_class: null, order: 1 });
    expect(link).toMatchObject({ tag_name: 'a', href: '/x', order: 2 });
    expect(chainToElements('')).toEqual([]);
  });
});
