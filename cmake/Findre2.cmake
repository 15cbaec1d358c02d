# Findre2.cmake — finds RE2 and provides the imported target re2::re2.
#
# Uses RE2's own CMake config when it exists (newer RE2 releases ship one);
# otherwise falls back to pkg-config (Debian 12's libre2-dev ships only
# re2.pc). Installed with dipx so consumers resolve RE2 the same way.
if(TARGET re2::re2)
  set(re2_FOUND TRUE)
  return()
endif()

find_package(re2 CONFIG QUIET)
if(re2_FOUND AND TARGET re2::re2)
  return()
endif()

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_RE2 QUIET IMPORTED_TARGET re2)
endif()

if(PC_RE2_FOUND)
  add_library(re2::re2 INTERFACE IMPORTED)
  target_link_libraries(re2::re2 INTERFACE PkgConfig::PC_RE2)
  set(re2_VERSION "${PC_RE2_VERSION}")
else()
  find_path(RE2_INCLUDE_DIR re2/re2.h)
  find_library(RE2_LIBRARY re2)
  if(RE2_INCLUDE_DIR AND RE2_LIBRARY)
    add_library(re2::re2 UNKNOWN IMPORTED)
    set_target_properties(re2::re2 PROPERTIES
      IMPORTED_LOCATION "${RE2_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${RE2_INCLUDE_DIR}")
  endif()
endif()

include(FindPackageHandleStandardArgs)
if(TARGET re2::re2)
  set(_re2_ok TRUE)
endif()
find_package_handle_standard_args(re2 REQUIRED_VARS _re2_ok VERSION_VAR re2_VERSION)
unset(_re2_ok)
