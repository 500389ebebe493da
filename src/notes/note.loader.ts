import { Injectable } from '@nestjs/common';
import { LoadsResource, type ResourceLoader } from 'nest-portcullis';
import type { Note } from '../data/records';
import { NotesRepository } from '../data/notes.repository';

/** Loads the `Note` of `@Owns('Note')` routes by its id (the route's `:id`). */
@Injectable()
@LoadsResource('Note')
export class NoteLoader implements ResourceLoader<Note> {
  constructor(private readonly notes: NotesRepository) {}

  /** The note, or `undefined` (Portcullis then answers 404). */
  load(id: string): Note | undefined {
    return this.notes.findOne(id);
  }
}
