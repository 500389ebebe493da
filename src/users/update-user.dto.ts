import { IsEmail, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PLANS, type Plan } from '../data/records';

/**
 * The body of `PATCH /users/:id`. Which of these fields the caller may change is the
 * policy's business (`name` and `email` on oneself, `plan` for admins only); this only
 * says what a well-formed body is.
 */
export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsIn(PLANS)
  plan?: Plan;
}
