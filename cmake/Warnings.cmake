# jiaodu_warnings(<target>): the project's warning set. -Werror only when
# JIAODU_WERROR is on (CI), so a newer compiler on a user's machine cannot
# break their build.
function(jiaodu_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(JIAODU_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
