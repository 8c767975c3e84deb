#!/usr/bin/env node
/**
 * The `colloquy` command: runs the program, and turns every failure into one line on stderr and
 * an exit code (0 done, 1 some items failed or differ, 2 usage, configuration or plan, 130
 * interrupted).
 *
 * @module
 */
import { CommanderError } from 'commander'
import { exitCodes } from './exit-codes.js'
import { explain } from './failures.js'
import { createProgram } from './program.js'
import type { OpenedSides } from './sides.js'

const opened: OpenedSides = {}
const program = createProgram(opened)
if (process.argv.length <= 2) {
  process.stderr.write(
    `colloquy: name a command: ${program.commands.map((command) => command.name()).join(', ')} (see colloquy --help)\n`,
  )
  process.exitCode = exitCodes.usage
} else {
  try {
    await program.parseAsync()
  } catch (error) {
    // --help and --version end through the same door, successfully.
    if (error instanceof CommanderError && error.exitCode === 0) process.exitCode = 0
    else {
      const { code, line, stack } = explain(error, opened)
      process.stderr.write(`colloquy: ${line}\n${stack ? `${stack}\n` : ''}`)
      process.exitCode = code
    }
  }
}
