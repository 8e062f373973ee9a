/** PostHog's organization membership levels; a higher level may do everything a lower one may. */
export const MembershipLevels = { member: 1, admin: 8, owner: 15 } as const;
export type MembershipLevel = (typeof MembershipLevels)[keyof typeof MembershipLevels];
export type MembershipRole = keyof typeof MembershipLevels;

export function membershipLevelName(level: number): MembershipRole | null {
  for (const [name, value] of Object.entries(MembershipLevels))
    if (value === level) return name as MembershipRole;
  return null;
}
