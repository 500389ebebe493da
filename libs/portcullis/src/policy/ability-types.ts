import type { AnyMongoAbility, ExtractSubjectType, Generics, Normalize } from '@casl/ability';

/**
 * The actions of an app's ability type.
 *
 * @example
 * ```ts
 * type AppAbility = MongoAbility<['read' | 'update', 'User' | 'Note']>;
 * type A = ActionOf<AppAbility>; // 'read' | 'update'
 * ```
 */
export type ActionOf<A extends AnyMongoAbility> = Normalize<Generics<A>['abilities']>[0];

/**
 * The subject type names of an app's ability type: the strings records are tagged with.
 *
 * @example
 * ```ts
 * type S = SubjectTypeOf<MongoAbility<['read', 'User' | 'Note']>>; // 'User' | 'Note'
 * ```
 */
export type SubjectTypeOf<A extends AnyMongoAbility> = Extract<
  ExtractSubjectType<Normalize<Generics<A>['abilities']>[1]>,
  string
>;
