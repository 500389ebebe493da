import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { LoadsResource } from '../decorators/loads-resource.decorator';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import type { ResourceLoader } from './resource-loader';

/** A provider's token as people wrote it: a class name, a string, a symbol's description. */
function providerName(token: unknown): string {
  if (typeof token === 'function') return token.name;
  if (typeof token === 'symbol') return token.toString();
  return String(token);
}

/**
 * The `@LoadsResource` providers of the app, by subject type, found once through Nest's
 * DiscoveryService. Two loaders for one type, or one without a `load` method, stop the boot.
 */
@Injectable()
export class ResourceLoaderRegistry {
  private loaders: ReadonlyMap<string, ResourceLoader> | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  /** The loader of `subjectType`, if the app registered one. */
  loaderFor(subjectType: string): ResourceLoader | undefined {
    return this.discover().get(subjectType);
  }

  /** The subject types that have a loader. */
  subjectTypes(): string[] {
    return [...this.discover().keys()];
  }

  private discover(): ReadonlyMap<string, ResourceLoader> {
    if (this.loaders !== undefined) return this.loaders;
    const loaders = new Map<string, ResourceLoader>();
    const owners = new Map<string, string>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: LoadsResource.KEY })) {
      const subject = this.discovery.getMetadataByDecorator(LoadsResource, wrapper);
      const name = providerName(wrapper.token);
      if (typeof subject !== 'string' || subject === '') {
        throw new PortcullisConfigError(
          `Portcullis: @LoadsResource() on ${name} names no subject type`,
        );
      }
      const loader = wrapper.instance as Partial<ResourceLoader> | undefined;
      if (!wrapper.isDependencyTreeStatic() || typeof loader?.load !== 'function') {
        throw new PortcullisConfigError(
          `Portcullis: @LoadsResource('${subject}') on ${name} needs a singleton provider with a load(id, context) method`,
        );
      }
      const previous = owners.get(subject);
      if (previous !== undefined && previous !== name) {
        throw new PortcullisConfigError(
          `Portcullis: subject '${subject}' has two loaders (${previous} and ${name}); keep one`,
        );
      }
      owners.set(subject, name);
      loaders.set(subject, loader as ResourceLoader);
    }
    this.loaders = loaders;
    return loaders;
  }
}
