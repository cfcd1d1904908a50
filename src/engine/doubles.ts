/**
 * 0 as a double, the initial value of a field that will hold fractional values (times,
 * sums of seconds). V8 gives a field the representation of the first value stored in it: a
 * small integer such as 0 is a Smi, and the first fractional value stored later (at the end
 * of the warm-up, at the event queue's first layout: long after the code that reads the
 * field was optimised) changes the object's hidden class and deoptimises every function that
 * handles such objects, which are then compiled again. −0 is a double, equal to 0 in every
 * comparison, and −0 + x = x; JSON.stringify, String() and toFixed() write it as 0.
 */
export const DOUBLE_ZERO = -0;
