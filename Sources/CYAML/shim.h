#ifndef DIAGNOSE_CYAML_SHIM_H
#define DIAGNOSE_CYAML_SHIM_H
#include <yaml.h>
#endif
