/**
 * Shell completion scripts for bash, zsh and fish, written from picocli's command model, and
 * {@code rtc completion SHELL} which prints them. The build commits the same scripts under
 * {@code completions/} (see the test sources' GeneratedDocs).
 */
package dev.rtc.completion;
