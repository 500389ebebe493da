import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PLANS, type Plan } from '../data/records';

/** The caller, as `GET /me` shows it. */
@ObjectType()
export class Principal {
  @Field() sub!: string;
  @Field() kind!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => [String]) permissions!: string[];
  @Field(() => [String]) roles!: string[];
}

/** A user. `email` is non-null in the schema: a user without one reads `""`. */
@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() email!: string;
  @Field() plan!: string;
}

/** A note. */
@ObjectType()
export class Note {
  @Field(() => ID) id!: string;
  @Field(() => ID) ownerId!: string;
  @Field() text!: string;
}

/**
 * `updateUser`'s changes, validated as `PATCH /users/:id`'s body is (`UpdateUserDto`); which
 * of them the caller may change is the policy's business (`@Owns(..., { fields: 'input' })`).
 */
@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(PLANS)
  plan?: Plan;
}

/** `createNote`'s input, validated as `POST /notes`'s body is; the owner is the caller. */
@InputType()
export class CreateNoteInput {
  @Field()
  @IsString()
  @Length(1, 2000)
  text!: string;
}
