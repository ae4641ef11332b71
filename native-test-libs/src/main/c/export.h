/*
 * The libraries are compiled with -fvisibility=hidden so that only the functions marked
 * OCIPKG_EXPORT appear in the dynamic symbol table, as in a carefully built real library.
 */
#ifndef OCIPKG_EXPORT_H
#define OCIPKG_EXPORT_H

#define OCIPKG_EXPORT __attribute__((visibility("default")))

#endif
