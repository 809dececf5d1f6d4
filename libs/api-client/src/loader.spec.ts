import { ApplicationRef, Injector, runInInjectionContext, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { HttpErrorResponse } from '@angular/common/http';
import { Subject, throwError, type Observable } from 'rxjs';
import { loader } from './loader';

/** Lets the resource's effects and the pending answers run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    TestBed.inject(ApplicationRef).tick();
    await new Promise((resolve) => setTimeout(resolve));
  }
}

function inContext<T>(make: () => T): T {
  return runInInjectionContext(TestBed.inject(Injector), make);
}

describe('loader', () => {
  it('shows loading, then the value', async () => {
    const answer = new Subject<string[]>();
    const list = inContext(() => loader({ stream: () => answer }));
    await settle();
    expect(list.isLoading()).toBe(true);
    expect(list.data()).toBeUndefined();
    answer.next(['a', 'b']);
    await settle();
    expect(list.data()).toEqual(['a', 'b']);
    expect(list.problem()).toBeNull();
  });

  it('turns a failed read into the API problem the page shows, and reads safely', async () => {
    const failure = new HttpErrorResponse({ status: 403, error: { code: 'FORBIDDEN', message: 'Administrators only' } });
    const list = inContext(() => loader({ stream: () => throwError(() => failure) }));
    await settle();
    expect(list.data()).toBeUndefined();
    expect(list.problem()?.status).toBe(403);
    expect(list.problem()?.message).toBe('Administrators only');
  });

  it('follows its params, keeping the previous value on screen only when asked to', async () => {
    const make = (keepWhileLoading: boolean) => {
      const answers = new Map<string, Subject<string>>();
      const query = signal('a');
      const stream = (q: string): Observable<string> => {
        const answer = new Subject<string>();
        answers.set(q, answer);
        return answer;
      };
      return { answers, query, list: inContext(() => loader({ params: () => query(), stream, keepWhileLoading })) };
    };
    for (const keep of [false, true]) {
      const { answers, query, list } = make(keep);
      await settle();
      answers.get('a')?.next('result a');
      await settle();
      expect(list.data()).toBe('result a');
      query.set('b');
      await settle();
      expect(list.isLoading()).toBe(true);
      expect(list.data()).toBe(keep ? 'result a' : undefined);
      answers.get('b')?.next('result b');
      await settle();
      expect(list.data()).toBe('result b');
    }
  });

  it('does not lose a reload asked for during the first load', async () => {
    const answers: Subject<number>[] = [];
    const counter = inContext(() =>
      loader({
        stream: () => {
          const answer = new Subject<number>();
          answers.push(answer);
          return answer;
        },
      }),
    );
    await settle();
    expect(answers).toHaveLength(1);
    counter.reload(); // e.g. a live event while the first answer is still on its way
    answers[0].next(1);
    await settle();
    expect(answers).toHaveLength(2);
    answers[1].next(2);
    await settle();
    expect(counter.data()).toBe(2);
  });
});
