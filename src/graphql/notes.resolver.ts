import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import {
  AccessDeniedException,
  Can,
  CurrentAbility,
  CurrentPrincipal,
  Owns,
  permittedItems,
  readableBy,
  Resource,
  Scopes,
  type Principal,
} from 'nest-portcullis';
import type { Note as NoteRecord } from '../data/records';
import { NotesRepository } from '../data/notes.repository';
import { NoteEvents, type NoteCreatedPayload } from '../notes/note-events';
import type { DemoAbility } from '../policy/demo-ability';
import { CreateNoteInput, Note } from './graphql-types';

/** The twins of the `/notes` routes, and `noteCreated`: same scopes, same policy. */
@Resolver(() => Note)
export class NotesResolver {
  constructor(
    private readonly repository: NotesRepository,
    private readonly events: NoteEvents,
  ) {}

  /** Every note the caller may read. */
  @Scopes('read:notes')
  @Query(() => [Note])
  notes(@CurrentAbility() ability: DemoAbility): NoteRecord[] {
    return permittedItems(ability, 'read', 'Note', this.repository.findAll());
  }

  /** One note: its owner, support, admin. */
  @Scopes('read:notes')
  @Owns<DemoAbility>('Note')
  @Query(() => Note, { nullable: true })
  note(@Args('id', { type: () => ID }) _id: string, @Resource() note: NoteRecord): NoteRecord {
    return note;
  }

  /** A new note of the caller's (users only: a client owns nothing). */
  @Scopes('write:notes')
  @Can<DemoAbility>('create', 'Note')
  @Mutation(() => Note)
  createNote(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateNoteInput,
  ): NoteRecord {
    // As `POST /notes`: a client's `sub` is not a user id and must never become an owner.
    if (principal.kind !== 'user') throw new AccessDeniedException();
    return this.repository.create(principal.sub, input.text);
  }

  /** Deletes a note: its owner, admin (a mutation's action would be `update`: named here). */
  @Scopes('write:notes')
  @Owns<DemoAbility>('Note', { action: 'delete' })
  @Mutation(() => Boolean)
  deleteNote(@Args('id', { type: () => ID }) _id: string, @Resource() note: NoteRecord): boolean {
    return this.repository.remove(note.id);
  }

  /** Each new note, to the subscribers who may read it (a query would decide the same). */
  @Scopes('read:notes')
  @Subscription(() => Note, {
    filter: readableBy('Note', (payload: NoteCreatedPayload) => payload.noteCreated),
  })
  noteCreated(): AsyncIterableIterator<NoteCreatedPayload> {
    return this.events.created();
  }
}
