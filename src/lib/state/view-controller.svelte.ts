/**
 * The shape both chart views share: view state + live figures + prepared data -> a request
 * (params and the context its statement needs) -> compute in the worker -> what is shown.
 * What is shown always pairs a result with the params and context it was computed from, so a
 * statement can never describe inputs the chart did not use. The same params ask nothing again
 * (the figures' age ticks every second; the picture only changes when a value it uses does).
 */
import { Superseded } from '../engine/latest-only.ts';

export type ViewRequest<P, C> =
  | { kind: 'wait' }
  | { kind: 'refused'; problems: string[] }
  | { kind: 'compute'; params: P; context: C };

export interface Shown<P, R, C> {
  params: P;
  result: R;
  context: C;
}

export class ViewController<P, R, C> {
  shown = $state.raw<Shown<P, R, C> | null>(null);
  error = $state('');
  busy = $state(false);
  #asked = '';

  constructor(private readonly compute: (params: P) => Promise<R>) {}

  request(req: ViewRequest<P, C>): void {
    if (req.kind === 'wait') return;
    if (req.kind === 'refused') {
      this.error = req.problems.join(' ');
      this.#asked = '';
      return;
    }
    const key = JSON.stringify(req.params);
    if (key === this.#asked) return;
    this.#asked = key;
    this.busy = true;
    this.compute(req.params).then(
      (result) => {
        this.shown = { params: req.params, result, context: req.context };
        // A refusal that came after this request still stands.
        if (this.#asked === key) this.error = '';
        this.busy = false;
      },
      (e) => {
        if (e instanceof Superseded) return;
        this.#asked = '';
        this.error = e instanceof Error ? e.message : String(e);
        this.busy = false;
      },
    );
  }

  /** Ask again even with the same params (the data under them changed). */
  forget(): void {
    this.#asked = '';
  }
}
