import type { SVGProps } from 'react';

/** Outline icons drawn on a 24-unit grid (in the style of Tabler icons, MIT), inlined to stay offline. */
const paths = {
  sun: 'M12 8a4 4 0 1 0 0 8a4 4 0 0 0 0-8zM3 12h1m8-9v1m8 8h1m-9 8v1M5.6 5.6l.7.7m12.1-.7-.7.7m0 11.4.7.7m-12.1-.7-.7.7',
  moon: 'M12 3a6 6 0 0 0 9 9a9 9 0 1 1-9-9z',
  copy: 'M8 8h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V10a2 2 0 0 1 2-2zM16 8V6a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h2',
  check: 'M5 12l5 5L20 7',
  'chevron-down': 'M6 9l6 6l6-6',
  alert: 'M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
  logout: 'M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2M9 12h12l-3-3m0 6l3-3',
  key: 'M16.5 3a4.5 4.5 0 1 1-4.2 6.1L4 17.4V21h3.6v-2h2v-2h2l1.3-1.3M16.5 7.5h.01',
  home: 'M5 12H3l9-9l9 9h-2M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-7M9 21v-6a2 2 0 0 1 2-2h2a2 2 0 0 1 2 2v6',
  settings:
    'M10.3 4.3c.4-1.8 3-1.8 3.4 0a1.7 1.7 0 0 0 2.6 1.1c1.5-.9 3.3.8 2.4 2.4a1.7 1.7 0 0 0 1 2.5c1.8.5 1.8 3 0 3.5a1.7 1.7 0 0 0-1 2.5c.9 1.6-.9 3.3-2.4 2.4a1.7 1.7 0 0 0-2.6 1.1c-.4 1.8-3 1.8-3.4 0a1.7 1.7 0 0 0-2.6-1.1c-1.5.9-3.3-.8-2.4-2.4a1.7 1.7 0 0 0-1-2.5c-1.8-.5-1.8-3 0-3.5a1.7 1.7 0 0 0 1-2.5c-.9-1.6.9-3.3 2.4-2.4a1.7 1.7 0 0 0 2.6-1.1zM12 9a3 3 0 1 0 0 6a3 3 0 0 0 0-6z',
  plus: 'M12 5v14M5 12h14',
  trash:
    'M4 7h16M10 11v6m4-6v6M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3',
  inbox: 'M4 13h3l3 3h4l3-3h3M4 6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z',
  filter: 'M4 4h16v2.2a2 2 0 0 1-.6 1.4L15 12v7l-6 2v-8.5L4.5 7.5A2 2 0 0 1 4 6.2z',
  'arrow-up': 'M12 5v14M18 11l-6-6M6 11l6-6',
  'arrow-down': 'M12 5v14M18 13l-6 6M6 13l6 6',
  'arrow-left': 'M5 12h14M5 12l6 6M5 12l6-6',
  'arrow-right': 'M5 12h14M13 18l6-6M13 6l6 6',
  refresh: 'M20 11A8.1 8.1 0 0 0 4.5 9M4 5v4h4M4 13a8.1 8.1 0 0 0 15.5 2m.5 4v-4h-4',
  chart: 'M3 3v18h18M7 15l4-4l3 3l5-6',
  users:
    'M9 7a4 4 0 1 0 0 .01M3 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2M16 3.1a4 4 0 0 1 0 7.8M21 21v-2a4 4 0 0 0-3-3.9',
  activity: 'M3 12h4l3 8l4-16l3 8h4',
  dashboard: 'M4 4h6v8H4zM14 4h6v5h-6zM4 16h6v4H4zM14 13h6v7h-6z',
  x: 'M18 6L6 18M6 6l12 12',
  edit: 'M4 20h4L18.5 9.5a2.8 2.8 0 0 0-4-4L4 16v4M13.5 6.5l4 4',
  search: 'M10 3a7 7 0 1 0 0 14a7 7 0 0 0 0-14zM21 21l-6-6',
  clock: 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM12 7v5l3 3',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  play: 'M7 4v16l13-8z',
  grip: 'M9 5h.01M9 12h.01M9 19h.01M15 5h.01M15 12h.01M15 19h.01',
  maximize: 'M4 8V4h4M16 4h4v4M4 16v4h4M16 20h4v-4',
  minimize: 'M8 4v4H4M20 8h-4V4M4 16h4v4M16 20v-4h4',
  external: 'M12 6H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6M11 13l9-9M15 4h5v5',
  bulb: 'M9 16a5 5 0 1 1 6 0a3.5 3.5 0 0 0-1 3a2 2 0 0 1-4 0a3.5 3.5 0 0 0-1-3M9.7 17h4.6',
} as const;

export type IconName = keyof typeof paths;

/** A decorative icon (hidden from screen readers: the control it sits in carries the label). */
export function Icon({
  name,
  size = 18,
  ...rest
}: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      <path d={paths[name]} />
    </svg>
  );
}
