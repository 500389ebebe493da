import { DiscoveryService } from '@nestjs/core';

/**
 * Registers a provider as the loader of one subject type for `@Owns` routes; Portcullis
 * finds it at boot. One loader per subject type; an `@Owns` route whose type has none
 * stops the boot.
 *
 * @example
 * ```ts
 * @Injectable()
 * @LoadsResource('Note')
 * export class NotesLoader implements ResourceLoader<Note> { ... }
 * ```
 */
export const LoadsResource = DiscoveryService.createDecorator<string>();
