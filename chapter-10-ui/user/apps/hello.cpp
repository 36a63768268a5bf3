// The smallest program: says hello through the log system call and exits with code 0.
#include "user/runtime/print.hpp"

int main() {
    print("hello from user space, pid {}", sys::pid());
    return 0;
}
