# Installation into the standard places (GNUInstallDirs) and the Debian package (CPack), included
# at the end of the top-level CMakeLists.txt:
#   cmake --install build/release --prefix ~/.local         # or /usr/local (the default)
#   cd build/release && cpack                               # hookscope_VERSION_ARCH.deb
include(GNUInstallDirs)

set(HOOKSCOPE_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(HOOKSCOPE_ICON_DIR ${PROJECT_SOURCE_DIR}/resources/icons)
set(HOOKSCOPE_METAINFO ${HOOKSCOPE_PACKAGING_DIR}/${HOOKSCOPE_APP_ID}.metainfo.xml)

# The menu entry, the AppStream metadata and the icon theme's sizes (PNGs rendered from the SVG by
# packaging/render-icons.sh).
install(FILES ${HOOKSCOPE_PACKAGING_DIR}/${HOOKSCOPE_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${HOOKSCOPE_METAINFO} DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
set(HOOKSCOPE_ICON_SIZES 16 32 48 64 128 256)
foreach(size ${HOOKSCOPE_ICON_SIZES})
    install(FILES ${HOOKSCOPE_ICON_DIR}/${HOOKSCOPE_APP_ID}-${size}.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${HOOKSCOPE_APP_ID}.png)
endforeach()
install(FILES ${HOOKSCOPE_ICON_DIR}/${HOOKSCOPE_APP_ID}.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hookscope RENAME copyright)

# The man page is written from the program's own --help at build time. Its date is the release
# date of this version in the metainfo, so a version without a <release> entry fails here.
file(STRINGS ${HOOKSCOPE_METAINFO} HOOKSCOPE_RELEASE_LINE REGEX "<release version=\"${PROJECT_VERSION}\" date=\"")
string(REGEX MATCH "date=\"([0-9-]+)\"" _ "${HOOKSCOPE_RELEASE_LINE}")
set(HOOKSCOPE_RELEASE_DATE ${CMAKE_MATCH_1})
if(NOT HOOKSCOPE_RELEASE_DATE)
    message(FATAL_ERROR "${HOOKSCOPE_METAINFO} has no <release version=\"${PROJECT_VERSION}\" date=...>: "
        "add this version to the release history")
endif()
set(HOOKSCOPE_MANPAGE ${CMAKE_BINARY_DIR}/hookscope.1)
add_custom_command(OUTPUT ${HOOKSCOPE_MANPAGE}
    COMMAND ${HOOKSCOPE_PACKAGING_DIR}/make-manpage.sh $<TARGET_FILE:hookscope> ${PROJECT_VERSION}
        ${HOOKSCOPE_RELEASE_DATE} ${HOOKSCOPE_MANPAGE}
    DEPENDS hookscope ${HOOKSCOPE_PACKAGING_DIR}/make-manpage.sh
    COMMENT "Writing hookscope.1 from hookscope --help"
    VERBATIM)
add_custom_target(manpage ALL DEPENDS ${HOOKSCOPE_MANPAGE})
install(FILES ${HOOKSCOPE_MANPAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The .deb: `apt install ./hookscope_*.deb` pulls in the Debian packages it needs. dpkg-shlibdeps
# finds the libraries the binary links; Qt's SQLite driver is a plugin loaded at run time, which it
# cannot see, so it is named here. gnome-keyring keeps secrets where no other Secret Service runs.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hookscope)
set(CPACK_PACKAGE_VENDOR "The Hookscope developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "native webhook inspector for the developer's workstation")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Hookscope captures every HTTP request posted to a local endpoint into a SQLite history,\n"
    "answering only once it is on disk, and shows it in an inspector window: a live table with\n"
    "filters and a timeline, formatted JSON bodies, headers and the raw request. It reads the\n"
    "provider's webhook envelopes, flags their problems and marks retries. Events can be copied\n"
    "as cURL commands, resent or forwarded to another URL, exported (NDJSON, JSON, CSV, HAR,\n"
    "fixtures) and imported; `hookscope serve` captures headless.")
set(CPACK_PACKAGE_CONTACT "The Hookscope developers <hookscope@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/hookscope/hookscope")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
# openssl: "Generate a local certificate" for HTTPS capture runs it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssl")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring")
include(CPack)

# The package test makes the .deb and checks it unpacked (tests/TestPackage.sh): about 10 s, so it
# runs with the suite; `ctest -LE package` leaves it out.
if(HOOKSCOPE_BUILD_TESTS)
    add_test(NAME TestPackage
        COMMAND ${PROJECT_SOURCE_DIR}/tests/TestPackage.sh ${CMAKE_BINARY_DIR} ${PROJECT_VERSION} ${HOOKSCOPE_APP_ID})
    set_tests_properties(TestPackage PROPERTIES LABELS package ENVIRONMENT "LANG=C.UTF-8")
endif()
