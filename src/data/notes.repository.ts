import { Injectable } from '@nestjs/common';
import { NoteEvents } from '../notes/note-events';
import { seedNotes, type Note } from './records';

const noteJson = ({ id, ownerId, text }: Note): Note => ({ id, ownerId, text });

/** The notes, in memory: seeded at each start; new ones get ids n3, n4, ... */
@Injectable()
export class NotesRepository {
  private notes = new Map<string, Note>();
  private lastId = 0;

  constructor(private readonly events: NoteEvents) {
    this.reset();
  }

  /** Back to the seed data (n1 of alice, n2 of bob). */
  reset(): void {
    const notes = seedNotes();
    this.notes = new Map(notes.map((note) => [note.id, note]));
    this.lastId = notes.length;
  }

  /** Every note, in creation order (copies). */
  findAll(): Note[] {
    return [...this.notes.values()].map(noteJson);
  }

  /** One note (a copy), or `undefined`. */
  findOne(id: string): Note | undefined {
    const note = this.notes.get(id);
    return note === undefined ? undefined : noteJson(note);
  }

  /** Stores a new note, announces it to `noteCreated` subscribers, and returns it. */
  create(ownerId: string, text: string): Note {
    const note = { id: `n${++this.lastId}`, ownerId, text };
    this.notes.set(note.id, note);
    this.events.publish(noteJson(note));
    return noteJson(note);
  }

  /** Changes a note's text; `undefined` if there is no such note. */
  updateText(id: string, text: string): Note | undefined {
    const note = this.notes.get(id);
    if (note === undefined) return undefined;
    const updated = { ...note, text };
    this.notes.set(id, updated);
    return noteJson(updated);
  }

  /** Removes a note; whether it was there. */
  remove(id: string): boolean {
    return this.notes.delete(id);
  }
}
