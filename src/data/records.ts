/** A plan a user can be on. */
export const PLANS = ['free', 'pro'] as const;

/** One of {@link PLANS}. */
export type Plan = (typeof PLANS)[number];

/** A user of the demo; `id` is their token's `sub`. */
export interface User {
  id: string;
  name: string;
  email?: string;
  plan: Plan;
}

/** A note, owned by a user. */
export interface Note {
  id: string;
  ownerId: string;
  text: string;
}

/** The users every start begins with. */
export function seedUsers(): User[] {
  return [
    { id: 'alice', name: 'Alice', plan: 'free' },
    { id: 'bob', name: 'Bob', plan: 'free' },
    { id: 'carol', name: 'Carol', plan: 'pro' },
  ];
}

/** The notes every start begins with. */
export function seedNotes(): Note[] {
  return [
    { id: 'n1', ownerId: 'alice', text: 'Buy milk' },
    { id: 'n2', ownerId: 'bob', text: 'Call the bank' },
  ];
}
