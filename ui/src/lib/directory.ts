// Names for the ids the facets return: a user's name, role and status, a
// workspace's or a resource's name. Facets count values (ids, emails); the
// events the UI has loaded carry the rest, so the directory learns from them.
import type { AuditEvent } from './event';
import { isRedacted } from './event';

export interface ActorInfo {
  name?: string;
  email?: string;
  role?: string;
  status?: string;
}

export class Directory {
  readonly actors = new Map<string, ActorInfo>();
  readonly workspaces = new Map<string, string>();
  readonly targets = new Map<string, string>();

  learn(events: AuditEvent[]): void {
    for (const e of events) {
      const a = e.actor;
      if (a) {
        const info: ActorInfo = {
          name: isRedacted(e, 'actor.name') ? undefined : a.name,
          email: a.email,
          role: a.role,
          status: a.status,
        };
        for (const key of [a.email, a.id]) if (key && !this.actors.has(key)) this.actors.set(key, info);
      }
      if (e.workspace?.id && e.workspace.name) this.workspaces.set(e.workspace.id, e.workspace.name);
      for (const r of [e.target, e.target?.parent, ...(e.resources ?? [])]) {
        if (r?.id && r.name) this.targets.set(r.id, r.type ? `${r.name} (${r.type})` : r.name);
      }
    }
  }
}
