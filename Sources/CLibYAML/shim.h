#ifndef REGIMEN_CLIBYAML_SHIM_H
#define REGIMEN_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
