import { main } from './main';

// The entry point of the compiled CLI (bin/esy.js loads its build).
void main(process.argv).then((code) => {
  // Exit once stdout is flushed, so lingering sockets (URL checks) cannot keep the process alive.
  process.stdout.write('', () => process.exit(code));
});
