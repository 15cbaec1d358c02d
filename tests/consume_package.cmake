# ctest script: configure, build and run examples/consumer against the
# dipx installed under PREFIX, as a user would with find_package.
file(REMOVE_RECURSE "${BINARY}")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE}" -B "${BINARY}"
                        "-DCMAKE_PREFIX_PATH=${PREFIX}" -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${BINARY}" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer failed")
endif()
file(GLOB samples "${SAMPLES}/*.txt")
list(GET samples 0 sample)
execute_process(COMMAND "${BINARY}/consumer" "${sample}" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "the consumer failed on ${sample}")
endif()
