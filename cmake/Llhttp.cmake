# llhttp (the HTTP/1.1 parser behind Node.js) is built from the C sources that Debian's node-llhttp
# package ships, into a small static library. Nothing of it is copied into this repository.
find_path(LLHTTP_INCLUDE_DIR llhttp.h
    PATHS /usr/share/include/llhttp /usr/include/llhttp /usr/local/include/llhttp
    NO_DEFAULT_PATH)
find_path(LLHTTP_INCLUDE_DIR llhttp.h)
foreach(part api http llhttp)
    find_file(LLHTTP_${part}_C ${part}.c PATHS /usr/share/llhttp /usr/local/share/llhttp NO_DEFAULT_PATH)
    if(NOT LLHTTP_${part}_C)
        set(LLHTTP_MISSING TRUE)
    endif()
endforeach()
if(NOT LLHTTP_INCLUDE_DIR OR LLHTTP_MISSING)
    message(FATAL_ERROR
        "llhttp's C sources were not found (looked for /usr/share/llhttp/{api,http,llhttp}.c and llhttp.h).\n"
        "On Debian 12 install them with:  sudo apt-get install node-llhttp\n"
        "or run packaging/dev.sh, which installs every missing package.")
endif()

add_library(llhttp STATIC ${LLHTTP_api_C} ${LLHTTP_http_C} ${LLHTTP_llhttp_C})
target_include_directories(llhttp SYSTEM PUBLIC ${LLHTTP_INCLUDE_DIR})
set_target_properties(llhttp PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
# Generated third-party code: our warning flags are not applied to it.
target_compile_options(llhttp PRIVATE -w)
message(STATUS "llhttp: ${LLHTTP_INCLUDE_DIR}/llhttp.h")
