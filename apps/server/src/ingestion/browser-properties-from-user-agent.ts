import UAParser from 'ua-parser-js';

/** ua-parser-js 1.x browser names → posthog-js's (`$browser` values in PostHog data). */
const BROWSER_NAMES: Record<string, string> = {
  Edge: 'Microsoft Edge',
  IE: 'Internet Explorer',
  IEMobile: 'Internet Explorer Mobile',
  'Mobile Chrome': 'Chrome',
  'Chrome Headless': 'Chrome',
  'Chrome WebView': 'Chrome',
  'Mobile Firefox': 'Firefox',
  'Android Browser': 'Android Mobile',
  Facebook: 'Facebook Mobile',
  UCBrowser: 'UC Browser',
  'Opera Mobi': 'Opera Mobile',
};

/** ua-parser-js 1.x OS names → posthog-js's (`$os`): Linux distributions are all "Linux". */
const OS_NAMES: Record<string, string> = {
  'Mac OS': 'Mac OS X',
  'Chromium OS': 'Chrome OS',
  Arch: 'Linux',
  CentOS: 'Linux',
  Debian: 'Linux',
  Fedora: 'Linux',
  Gentoo: 'Linux',
  GNU: 'Linux',
  Linpus: 'Linux',
  Mageia: 'Linux',
  Mandriva: 'Linux',
  Mint: 'Linux',
  PCLinuxOS: 'Linux',
  RedHat: 'Linux',
  Slackware: 'Linux',
  SUSE: 'Linux',
  Ubuntu: 'Linux',
  VectorLinux: 'Linux',
  Zenwalk: 'Linux',
};

/** posthog-js's `$device_type` values from ua-parser-js's device types; anything else is a desktop. */
const DEVICE_TYPES: Record<string, string> = {
  mobile: 'Mobile',
  tablet: 'Tablet',
  console: 'Console',
  wearable: 'Wearable',
};

/** Browsers posthog-js names by their iOS wrapper, which ua-parser-js reports as the desktop browser. */
function browserName(name: string, userAgent: string): string {
  if (/\bCriOS\//.test(userAgent)) return 'Chrome iOS';
  if (/\bFxiOS\//.test(userAgent)) return 'Firefox iOS';
  if (/\bFBAN\/|\bFBAV\//.test(userAgent)) return 'Facebook Mobile';
  return BROWSER_NAMES[name] ?? name;
}

/** What a user agent says about the browser, in posthog-js's property names and values, or null. */
export function browserPropertiesFromUserAgent(userAgent: string): Record<string, string | number> | null {
  const result = new UAParser(userAgent).getResult();
  const browser = result.browser.name ? browserName(result.browser.name, userAgent) : null;
  // A bare "WebKit" is an unnamed in-app web view: no browser a person would recognise.
  if (!browser || browser === 'WebKit') return null;
  const out: Record<string, string | number> = { $browser: browser };
  // posthog-js sends the version as a number (major.minor, e.g. 17.4 or 124).
  const version = Number.parseFloat(result.browser.version ?? '');
  if (Number.isFinite(version)) out.$browser_version = version;
  if (result.os.name) out.$os = OS_NAMES[result.os.name] ?? result.os.name;
  if (result.os.version) out.$os_version = result.os.version;
  out.$device_type = DEVICE_TYPES[result.device.type ?? ''] ?? 'Desktop';
  return out;
}
