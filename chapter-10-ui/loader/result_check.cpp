// The loader's answer to Result::value() taken from an error (lib/core/result.hpp): a loader bug.
// It says where on the serial port (the firmware's console may be gone after ExitBootServices)
// and stops. No format(): chapter 00's loader does not have it yet.
#include "arch/x86_64/cpu.hpp"
#include "arch/x86_64/serial.hpp"
#include "lib/core/result.hpp"

void result_value_of_error(Error error, const char* file, int line) {
    SerialPort serial{SerialPort::com1};
    serial.write("loader: Result::value() of an error (");
    serial.write(error_name(error));
    serial.write(") at ");
    serial.write(file);
    serial.put(':');
    char digits[12];
    int count = 0;
    unsigned value = line > 0 ? static_cast<unsigned>(line) : 0;
    do digits[count++] = static_cast<char>('0' + value % 10);
    while ((value /= 10) != 0 && count < 12);
    while (count > 0) serial.put(digits[--count]);
    serial.put('\n');
    cpu_halt_forever();
}
