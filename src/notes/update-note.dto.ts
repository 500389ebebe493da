import { IsString, Length } from 'class-validator';

/** The body of `PATCH /notes/:id`: only the text can change (ownership never does). */
export class UpdateNoteDto {
  @IsString()
  @Length(1, 2000)
  text!: string;
}
