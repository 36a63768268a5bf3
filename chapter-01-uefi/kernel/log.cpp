#include "kernel/log.hpp"

#include "arch/x86_64/serial.hpp"

namespace klog {
namespace {

SerialPort serial{SerialPort::com1};

/// Where log text goes: the serial port, and (from chapter 02) the screen console.
class Sink final : public Writer {
public:
    void put(char c) override {
        serial.put(c);
    }
};
Sink sink_instance;

}  // namespace

void init() { serial.init(); }

Writer& sink() { return sink_instance; }

}  // namespace klog
