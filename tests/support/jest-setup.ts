// Every emulator test file closes the Admin SDK when it ends, so Jest exits without open handles.
import { closeFirebase } from './firebase';

afterAll(closeFirebase);
