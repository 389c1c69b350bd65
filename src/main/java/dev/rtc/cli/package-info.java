/**
 * What every command shares on the command line: exit codes, the one error handler, durations and byte
 * sizes, and the option mixins (output, stop conditions).
 */
package dev.rtc.cli;
