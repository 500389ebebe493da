import { Injectable } from '@nestjs/common';
import type { ForcedSubject, MongoAbility } from '@casl/ability';
import { definePolicy, LoadsResource, type ResourceLoader } from 'nest-portcullis';

/** A note, owned by a user. */
export interface Note {
  id: string;
  ownerId: string;
  title: string;
}

type Subjects = 'Note' | (Note & ForcedSubject<'Note'>) | 'Stats';

/** The services' ability type. */
export type NotesAbility = MongoAbility<['read' | 'update', Subjects]>;

/**
 * Users read their notes and retitle them; admins read the stats; clients (services on their
 * own behalf) read every note.
 */
export const notesPolicy = definePolicy<NotesAbility>({
  roles: { admin: { rules: [{ scope: 'read:notes', rules: ({ can }) => can('read', 'Stats') }] } },
  user: [
    { scope: 'read:notes', rules: ({ can }, me) => can('read', 'Note', { ownerId: me.sub }) },
    {
      scope: 'write:notes',
      rules: ({ can }, me) => can('update', 'Note', ['title'], { ownerId: me.sub }),
    },
  ],
  client: [{ scope: 'read:notes', rules: ({ can }) => can('read', 'Note') }],
});

/** The notes, and what the event handlers did (so a test sees a handler that ran). */
@Injectable()
export class NotesRepository {
  readonly rows = new Map<string, Note>([
    ['n1', { id: 'n1', ownerId: 'ada', title: 'Engines' }],
    ['n2', { id: 'n2', ownerId: 'grace', title: 'Compilers' }],
  ]);
  readonly archived: string[] = [];

  /** The notes as they are now (a copy, to compare before and after a refused write). */
  snapshot(): Note[] {
    return [...this.rows.values()].map((note) => ({ ...note }));
  }
}

@Injectable()
@LoadsResource('Note')
export class NoteLoader implements ResourceLoader<Note> {
  constructor(private readonly notes: NotesRepository) {}

  load(id: string) {
    return this.notes.rows.get(id);
  }
}
