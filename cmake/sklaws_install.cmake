# `cmake --install <build> --prefix P` installs sklaws as a C++ library and a
# tool (included once, from the top-level CMakeLists.txt, after every target
# exists):
#
#   P/include/sklaws/<library>/*.hpp          public headers of each library
#   P/lib/libsklaws_<library>.a               the libraries
#   P/bin/sklaws                              the executable
#   P/lib/cmake/sklaws/sklawsConfig.cmake     find_package(sklaws): targets
#       sklaws::numerics, ::theory, ::validation, ::fitting, ::reports
#   P/lib/pkgconfig/sklaws.pc                 pkg-config for numerics + theory
#   P/share/man/man1/sklaws.1                 man page (help2man, at build time)
#   P/share/doc/sklaws/                       LICENSE, CITATION.cff, theory.md
#
# The dependencies that sklawsConfig.cmake finds (find_dependency) are read
# off the exported targets' link interfaces here, not kept as a list: a
# library that starts linking a new package needs no edit in this file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SKLAWS_EXPORTED_LIBRARIES numerics theory validation fitting reports)
set(SKLAWS_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sklaws)

foreach(library IN LISTS SKLAWS_EXPORTED_LIBRARIES)
  set(target sklaws_${library})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${library})
  install(TARGETS ${target} EXPORT sklawsTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${library}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
endforeach()
# Targets a library is made of besides its own: validation is an interface
# over its core and the experiments archive it links whole (validation/
# CMakeLists.txt says why); they are exported with it.
set(SKLAWS_EXPORTED_PARTS sklaws_validation_core sklaws_validation_experiments)
foreach(part IN LISTS SKLAWS_EXPORTED_PARTS)
  string(REGEX REPLACE "^sklaws_" "" export_name ${part})
  set_target_properties(${part} PROPERTIES EXPORT_NAME ${export_name})
  install(TARGETS ${part} EXPORT sklawsTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(TARGETS sklaws RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The packages behind the imported targets the libraries link, as the
# find_dependency / pkg_check_modules lines of sklawsConfig.cmake.
# PkgConfig::<P> was made by pkg_check_modules(<P> ... IMPORTED_TARGET <module>),
# whose module name CMake keeps in <P>_MODULE_NAME; any other <Ns>::<name>
# target comes from the CMake package <Ns> (GSL::gsl, TBB::tbb, Ceres::ceres,
# Boost::headers, nlohmann_json::..., fmt::fmt, MPI::MPI_CXX, ...).
set(packages "")
set(pkg_modules "")
set(scanned ${SKLAWS_EXPORTED_PARTS})
foreach(library IN LISTS SKLAWS_EXPORTED_LIBRARIES)
  list(APPEND scanned sklaws_${library})
endforeach()
foreach(target IN LISTS scanned)
  get_target_property(links ${target} INTERFACE_LINK_LIBRARIES)
  if(NOT links)
    continue()
  endif()
  foreach(link IN LISTS links)
    # Unwrap what the export keeps of a link item: $<LINK_ONLY:X>,
    # $<INSTALL_INTERFACE:X>, $<LINK_LIBRARY:FEATURE,X> (validation links its
    # experiments whole); $<BUILD_INTERFACE:...> is not exported.
    if(link MATCHES "^\\$<BUILD_INTERFACE:")
      continue()
    endif()
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" link "${link}")
    string(REGEX REPLACE "^\\$<INSTALL_INTERFACE:(.*)>$" "\\1" link "${link}")
    string(REGEX REPLACE "^\\$<LINK_LIBRARY:[A-Za-z_]+,(.*)>$" "\\1" link "${link}")
    if(link MATCHES "^sklaws::")
      continue()
    endif()
    if(link MATCHES "^sklaws_" OR NOT link MATCHES "::")
      continue()
    endif()
    string(REGEX MATCH "^[^:]+" namespace "${link}")
    if(namespace STREQUAL "PkgConfig")
      string(REGEX REPLACE "^PkgConfig::" "" prefix "${link}")
      if(NOT DEFINED ${prefix}_MODULE_NAME)
        message(FATAL_ERROR "sklaws_install: ${link} has no ${prefix}_MODULE_NAME; make it with pkg_check_modules(${prefix} IMPORTED_TARGET <module>)")
      endif()
      list(APPEND pkg_modules "${prefix}|${${prefix}_MODULE_NAME}")
    else()
      list(APPEND packages ${namespace})
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES packages)
list(REMOVE_DUPLICATES pkg_modules)
set(SKLAWS_FIND_DEPENDENCIES "")
foreach(package IN LISTS packages)
  string(APPEND SKLAWS_FIND_DEPENDENCIES "find_dependency(${package})\n")
endforeach()
if(pkg_modules)
  string(APPEND SKLAWS_FIND_DEPENDENCIES "find_dependency(PkgConfig)\n")
  foreach(entry IN LISTS pkg_modules)
    string(REPLACE "|" ";" entry "${entry}")
    list(GET entry 0 prefix)
    list(GET entry 1 module)
    string(APPEND SKLAWS_FIND_DEPENDENCIES
      "if(NOT TARGET PkgConfig::${prefix})\n  pkg_check_modules(${prefix} REQUIRED QUIET IMPORTED_TARGET ${module})\nendif()\n")
  endforeach()
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sklawsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sklawsConfig.cmake INSTALL_DESTINATION ${SKLAWS_CMAKE_INSTALL_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR)
# 0.x: a minor version may break the API, so only the same minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sklawsConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(EXPORT sklawsTargets NAMESPACE sklaws:: DESTINATION ${SKLAWS_CMAKE_INSTALL_DIR})
install(FILES ${PROJECT_BINARY_DIR}/sklawsConfig.cmake ${PROJECT_BINARY_DIR}/sklawsConfigVersion.cmake
  DESTINATION ${SKLAWS_CMAKE_INSTALL_DIR})

# pkg-config covers the closed forms (numerics + theory), whose dependencies
# all ship .pc files; validation/fitting/reports need Ceres and TBB, for
# which the CMake package is the supported way in.
# The .pc file lives in <libdir>/pkgconfig: its prefix is as many ".." up.
set(SKLAWS_PC_UP "..")
if(NOT IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  string(REGEX REPLACE "[^/]+" ".." up "${CMAKE_INSTALL_LIBDIR}")
  set(SKLAWS_PC_UP "${up}/..")
endif()
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(SKLAWS_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(SKLAWS_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/sklaws.pc.in ${PROJECT_BINARY_DIR}/sklaws.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/sklaws.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/CITATION.cff ${PROJECT_SOURCE_DIR}/docs/theory.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page, from the executable's own --help and each command's --help
# (cmake/man_page.cmake), regenerated whenever the executable changes.
# Not in the ASan+UBSan tree: running the instrumented executable at build
# time would make a leak report there a build failure, for a page that tree
# never installs.
find_program(HELP2MAN help2man)
if(SKLAWS_SANITIZE)
  # no man page
elseif(HELP2MAN)
  set(SKLAWS_MAN_PAGE ${PROJECT_BINARY_DIR}/man/sklaws.1)
  add_custom_command(OUTPUT ${SKLAWS_MAN_PAGE}
    COMMAND ${CMAKE_COMMAND} -DSKLAWS=$<TARGET_FILE:sklaws> -DHELP2MAN=${HELP2MAN} -DOUT=${SKLAWS_MAN_PAGE} -DVERSION=${PROJECT_VERSION}
            -DSTATIC_SECTIONS=${PROJECT_SOURCE_DIR}/cmake/sklaws.h2m -P ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
    DEPENDS sklaws ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake ${PROJECT_SOURCE_DIR}/cmake/sklaws.h2m
    COMMENT "Writing the sklaws man page with help2man"
    VERBATIM)
  add_custom_target(sklaws_man_page ALL DEPENDS ${SKLAWS_MAN_PAGE})
  install(FILES ${SKLAWS_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found: no man page (scripts/setup.sh installs it)")
endif()
