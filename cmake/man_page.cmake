# Writes OUT, the sklaws(1) man page, with help2man from the executable's own
# help: `sklaws --help` for the synopsis and command list, then one
# subsection per command holding that command's `--help`, so the page says
# exactly what the program says. Static sections (exit status, files, see
# also) come from STATIC_SECTIONS. Run at build time (cmake/sklaws_install.cmake).
#   cmake -DSKLAWS=<exe> -DHELP2MAN=<help2man> -DOUT=<file> -DSTATIC_SECTIONS=<h2m> -P man_page.cmake
execute_process(COMMAND ${SKLAWS} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "man page: `sklaws --help` exited with ${status}")
endif()

# The commands are the indented words of the "Subcommands:" block (CLI11).
string(REGEX REPLACE ".*\nSubcommands:\n" "" block "${help}")
string(REGEX MATCHALL "(^|\n)  [a-z][a-z0-9-]*" lines "${block}")
set(commands "")
foreach(line IN LISTS lines)
  string(STRIP "${line}" name)
  list(APPEND commands ${name})
endforeach()
if(NOT commands)
  message(FATAL_ERROR "man page: no commands found in `sklaws --help`:\n${help}")
endif()

# roff: a backslash is written \e, and a line may not start with . or '.
function(roff_escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

file(READ ${STATIC_SECTIONS} include_text)
string(APPEND include_text "\n[COMMANDS]\n")
foreach(command IN LISTS commands)
  execute_process(COMMAND ${SKLAWS} ${command} --help OUTPUT_VARIABLE command_help ERROR_VARIABLE command_error
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "man page: `sklaws ${command} --help` exited with ${status}: ${command_error}")
  endif()
  roff_escape("${command_help}" command_help)
  string(APPEND include_text ".SS ${command}\n.nf\n${command_help}.fi\n")
endforeach()

get_filename_component(out_dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${out_dir})
set(include_file ${out_dir}/sklaws.h2m)
file(WRITE ${include_file} "${include_text}")

# The version line is help2man's reading of `sklaws --version`; an executable
# without that option gets the project version (-DVERSION) instead.
execute_process(COMMAND ${SKLAWS} --version OUTPUT_VARIABLE version_text RESULT_VARIABLE version_status ERROR_QUIET)
set(version_args "")
if(NOT version_status EQUAL 0)
  if(NOT DEFINED VERSION)
    message(FATAL_ERROR "man page: `sklaws --version` failed and no -DVERSION given")
  endif()
  set(version_args --version-string=${VERSION})
endif()
execute_process(COMMAND ${HELP2MAN} --no-info --section=1
                        "--name=compression theory of LLM behaviour: closed forms, Monte Carlo checks, fits and reports"
                        --include=${include_file} ${version_args} --output=${OUT} ${SKLAWS}
                RESULT_VARIABLE status ERROR_VARIABLE error)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "man page: help2man failed (${status}): ${error}")
endif()
