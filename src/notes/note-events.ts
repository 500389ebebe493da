import { Injectable } from '@nestjs/common';
import { EventEmitter, on } from 'node:events';
import type { Note } from '../data/records';

/** What `noteCreated` subscribers receive, keyed by the subscription's field. */
export interface NoteCreatedPayload {
  noteCreated: Note;
}

/**
 * Where new notes are announced, whichever way they were created (REST or GraphQL). Every
 * subscriber's iterator sees every note: which ones reach the client is the subscription's
 * `readableBy` filter's decision, made per subscriber.
 */
@Injectable()
export class NoteEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open subscription: many subscribers are not a leak.
    this.emitter.setMaxListeners(0);
  }

  /** How many subscriptions are listening now (tests wait for theirs to have started). */
  listening(): number {
    return this.emitter.listenerCount('noteCreated');
  }

  /** Announces a note just stored. */
  publish(note: Note): void {
    this.emitter.emit('noteCreated', note);
    this.emitter.emit('published', note);
  }

  /**
   * Calls `listener` with each note announced (the socket.io gateway's broadcast), without
   * counting as a subscription in {@link listening}. Returns the function that stops it.
   */
  onPublish(listener: (note: Note) => void): () => void {
    this.emitter.on('published', listener);
    return () => this.emitter.off('published', listener);
  }

  /**
   * The notes from now on, as subscription payloads. Not an async generator: its `return()`
   * would wait for the next event, leaving an unsubscribed client's listener behind.
   */
  created(): AsyncIterableIterator<NoteCreatedPayload> {
    const source = on(this.emitter, 'noteCreated');
    return {
      async next() {
        const result = await source.next();
        if (result.done === true) return { done: true, value: undefined };
        return { done: false, value: { noteCreated: (result.value as Note[])[0] } };
      },
      async return() {
        await source.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
