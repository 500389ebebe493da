import type { ForcedSubject, MongoAbility } from '@casl/ability';
import type { Note, User } from '../data/records';

/** What can be done to a record. */
export type DemoAction = 'create' | 'read' | 'update' | 'delete';

/** The subject types, bare or as tagged records (so rules' conditions are typed). */
export type DemoSubject =
  'User' | (User & ForcedSubject<'User'>) | 'Note' | (Note & ForcedSubject<'Note'>);

/** The demo's CASL ability. */
export type DemoAbility = MongoAbility<[DemoAction, DemoSubject]>;
