/**
 * Every participant's links and the path selected from them: the LinkBook records what each link
 * reports, and one PathSelector per participant turns phone and radio health into the active path
 * (failover, failback, host pins). The core's commands on paths are checked here.
 */
import { ConflictError, CoreErrorCodes, NotFoundError, ValidationError } from './errors.js';
import { LinkBook, type LinkObservation } from './link-book.js';
import { type ActivePath, type LinkPath, type PathSnapshot, VOICE_PATHS, type VoicePath } from './model.js';
import { type PathChangeListener, PathSelector, type PathTimings } from './path-selector.js';
import type { Clock } from './ports.js';

export class ParticipantPaths {
  readonly links: LinkBook;
  readonly #selectors = new Map<string, PathSelector>();

  constructor(
    ids: readonly string[],
    clock: Clock,
    timings: PathTimings,
    emit: ConstructorParameters<typeof LinkBook>[2],
    onChange: PathChangeListener,
  ) {
    this.links = new LinkBook(ids, clock, emit);
    for (const id of ids) this.#selectors.set(id, new PathSelector(id, clock, timings, onChange));
  }

  /** @throws NotFoundError */
  selector(id: string): PathSelector {
    const selector = this.#selectors.get(id);
    if (!selector)
      throw new NotFoundError(CoreErrorCodes.UNKNOWN_PARTICIPANT, `no participant with id "${id}"`);
    return selector;
  }

  /** A link reported; phone and radio changes go on to path selection. */
  observe(participantId: string, path: LinkPath, observation: LinkObservation): void {
    const changed = this.links.observe(participantId, path, observation);
    if (changed && path !== 'agent') {
      this.selector(participantId).updateLinks(
        this.links.get(participantId, 'phone'),
        this.links.get(participantId, 'radio'),
      );
    }
  }

  /** The host pins a path. @throws ValidationError, ConflictError (not in a running conference) */
  pin(participantId: string, path: VoicePath, by: string): PathSnapshot {
    if (!VOICE_PATHS.includes(path)) {
      throw new ValidationError(CoreErrorCodes.INVALID_PATH, `path must be one of ${VOICE_PATHS.join(', ')}`);
    }
    const selector = this.selector(participantId);
    if (selector.conferenceId === null) {
      throw new ConflictError(
        CoreErrorCodes.CONFERENCE_STATE,
        `participant ${participantId} is not in a running conference`,
      );
    }
    selector.pin(path, by);
    return selector.snapshot();
  }

  release(participantId: string, by: string): PathSnapshot {
    const selector = this.selector(participantId);
    selector.release(by);
    return selector.snapshot();
  }

  activePathOf(participantId: string): ActivePath | null {
    return this.#selectors.get(participantId)?.snapshot().active ?? null;
  }

  anyoneOnRadio(): boolean {
    return [...this.#selectors.values()].some((s) => s.snapshot().active === 'radio');
  }

  dispose(): void {
    for (const selector of this.#selectors.values()) selector.dispose();
  }
}
