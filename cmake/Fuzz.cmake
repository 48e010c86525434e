# HOOKSCOPE_FUZZ=ON adds fuzz_request_reader, a libFuzzer target for RequestReader (llhttp with our
# limits, Expect handling and request assembly), run with AddressSanitizer and UBSan. libFuzzer is
# Clang's (Debian: clang-14, libclang-rt-14-dev), so the option needs Clang; the "fuzz" preset sets
# it. The target compiles its own copies of the reader's sources and llhttp's, all instrumented for
# coverage, and leaves every other target of the build as it is. See tests/fuzz/README.md.
option(HOOKSCOPE_FUZZ "Build the libFuzzer target fuzz_request_reader (Clang only)" OFF)
if(NOT HOOKSCOPE_FUZZ)
    return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HOOKSCOPE_FUZZ needs Clang for libFuzzer (cmake --preset fuzz uses clang-14)")
endif()

add_executable(fuzz_request_reader
    ${PROJECT_SOURCE_DIR}/tests/fuzz/FuzzRequestReader.cpp
    ${PROJECT_SOURCE_DIR}/app/RequestReader.cpp
    ${PROJECT_SOURCE_DIR}/app/CapturedRequest.cpp
    ${LLHTTP_api_C} ${LLHTTP_http_C} ${LLHTTP_llhttp_C})
target_include_directories(fuzz_request_reader PRIVATE ${PROJECT_SOURCE_DIR}/app)
target_include_directories(fuzz_request_reader SYSTEM PRIVATE ${LLHTTP_INCLUDE_DIR})
target_link_libraries(fuzz_request_reader PRIVATE Qt6::Core)
set_target_properties(fuzz_request_reader PROPERTIES AUTOMOC OFF)
set(HOOKSCOPE_FUZZ_SANITIZERS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
target_compile_options(fuzz_request_reader PRIVATE ${HOOKSCOPE_FUZZ_SANITIZERS} -fno-omit-frame-pointer
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wold-style-cast>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${HOOKSCOPE_WERROR}>>:-Werror>
    $<$<COMPILE_LANGUAGE:C>:-w>)
target_compile_definitions(fuzz_request_reader PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII)
target_link_options(fuzz_request_reader PRIVATE ${HOOKSCOPE_FUZZ_SANITIZERS})
message(STATUS "Fuzzing: fuzz_request_reader (libFuzzer, ASan, UBSan)")
