import { Body, Controller, Delete, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import {
  AccessDeniedException,
  Can,
  CurrentAbility,
  CurrentPrincipal,
  Owns,
  permittedItems,
  Resource,
  Scopes,
  type Principal,
} from 'nest-portcullis';
import type { Note } from '../data/records';
import { NotesRepository } from '../data/notes.repository';
import type { DemoAbility } from '../policy/demo-ability';
import { JsonBodyGuard } from '../validation/json-body.guard';
import { CreateNoteDto } from './create-note.dto';
import { UpdateNoteDto } from './update-note.dto';

/** Notes: users keep their own; support reads all; admins do anything. */
@Controller('notes')
@UseGuards(JsonBodyGuard)
export class NotesController {
  constructor(private readonly notes: NotesRepository) {}

  /** Every note the caller may read. */
  @Scopes('read:notes')
  @Get()
  list(@CurrentAbility() ability: DemoAbility): Note[] {
    return permittedItems(ability, 'read', 'Note', this.notes.findAll());
  }

  /** A new note of the caller's (users only: a client owns nothing); any `ownerId` is ignored. */
  @Scopes('write:notes')
  @Can<DemoAbility>('create', 'Note')
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateNoteDto): Note {
    // The policy gives clients no `create`; this holds even if a policy change did: a client's
    // `sub` is not a user id, and may even equal one, so it must never become an owner.
    if (principal.kind !== 'user') throw new AccessDeniedException();
    return this.notes.create(principal.sub, body.text);
  }

  /** One note: its owner, support, admin. */
  @Scopes('read:notes')
  @Owns<DemoAbility>('Note')
  @Get(':id')
  findOne(@Resource() note: Note): Note {
    return { id: note.id, ownerId: note.ownerId, text: note.text };
  }

  /** Changes a note's text: its owner, admin. */
  @Scopes('write:notes')
  @Owns<DemoAbility>('Note')
  @Patch(':id')
  update(@Resource() note: Note, @Body() body: UpdateNoteDto): Note {
    return this.notes.updateText(note.id, body.text) ?? note;
  }

  /** Deletes a note: its owner, admin. Answers 204. */
  @Scopes('write:notes')
  @Owns<DemoAbility>('Note')
  @Delete(':id')
  @HttpCode(204)
  remove(@Resource() note: Note): void {
    this.notes.remove(note.id);
  }
}
