#pragma once
// A capture file from bytes to records: CaptureFileReader -> PacketDecoder -> FlowTable with a
// ProtocolObserver. Fed chunks of any size; conn records go to a ConnRecordSink, dns, ssl and
// http records to a ProtocolRecordSink, as they are finished. No I/O.
#include <string_view>

#include "flow/flow_table.h"
#include "flow/protocol_observer.h"
#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"

namespace zeekscope::flow {

struct CapturePipelineOptions {
  packet::CaptureFileLimits capture;
  packet::ReassemblyLimits reassembly;
  FlowConfig flow;
  FlowLimits flow_limits;
  ProtocolConfig protocol;
  ProtocolLimits protocol_limits;
};

struct CapturePipelineStats {
  packet::CaptureFileStats capture;
  packet::DecoderStats decoder;
  packet::ReassemblyStats reassembly;
  FlowStats flows;
  ProtocolStats protocols;
  protocol::DnsPairingStats dns;
};

class CapturePipeline {
 public:
  CapturePipeline(ConnRecordSink& conns, ProtocolRecordSink& protocols,
                  CapturePipelineOptions options = {});
  void feed(std::string_view chunk) { reader_.feed(chunk); }
  // The end of the file: every connection left becomes a record.
  void finish();
  CapturePipelineStats stats() const;
  // The PCAPdroid app uids the file named, with their names.
  const packet::AppNames& app_names() const { return decoder_.app_names(); }

 private:
  CapturePipelineOptions options_;
  ProtocolObserver observer_;
  FlowTable table_;
  packet::PacketDecoder decoder_;
  packet::CaptureFileReader reader_;
  bool finished_ = false;
};

}  // namespace zeekscope::flow
