// witness::recorder: the record format, the writer and the reader.
//
//   #include "witness/recorder.h"
//   witness::recorder::Event close;
//   close.op = "close";
//   witness::recorder::Writer::Open(path)->Append(close);
//   auto recording = witness::recorder::ReadRecordFile(path);
#ifndef WITNESS_RECORDER_H_
#define WITNESS_RECORDER_H_

#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/record.h"
#include "witness/recorder/writer.h"

#endif  // WITNESS_RECORDER_H_
