import { IsOptional, IsString, Length } from 'class-validator';

/** The body of `POST /notes`. */
export class CreateNoteDto {
  @IsString()
  @Length(1, 2000)
  text!: string;

  /**
   * Accepted and ignored: a new note always belongs to the caller, whatever the body says
   * (so clients that echo a whole note back are not refused).
   */
  @IsOptional()
  @IsString()
  ownerId?: string;
}
