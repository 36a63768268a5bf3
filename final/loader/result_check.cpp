// The loader's answer to Result::value() taken from an error (lib/result.hpp): a loader bug.
// It says where on the serial port (the firmware's console may be gone after ExitBootServices)
// and stops.
#include "arch/x86_64/cpu.hpp"
#include "arch/x86_64/serial.hpp"
#include "lib/format.hpp"
#include "lib/result.hpp"

void result_value_of_error(Error error, const char* file, int line) {
    SerialPort serial{SerialPort::com1};
    format(serial, "loader: Result::value() of an error ({}) at {}:{}\n", error_name(error), file, line);
    cpu_halt_forever();
}
