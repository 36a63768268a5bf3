// Instructions that fault on purpose, for the boot tests (fault_triggers.S).
#pragma once

extern "C" {
/// Executes int3: a breakpoint exception (\#BP), after which execution continues.
void trigger_breakpoint();
/// Executes ud2: an invalid opcode exception (\#UD).
void trigger_invalid_opcode();
/// Divides by zero: a divide error (\#DE).
void trigger_divide_error();
/// Reads through a non-canonical address: a general protection fault (\#GP).
void trigger_general_protection();
}
