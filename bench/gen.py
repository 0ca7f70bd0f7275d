#!/usr/bin/env python3
"""Generates the benchmark workloads into DIR: small.xml (~2 KB TaskFinish), big.xml (~50 MB, 100 000
CosHeaders of ~500 bytes), dense.xml (~54 MB, 1 000 000 small leaves in 100 000 items), and their JSON forms are made
by cicb itself (see run.sh)."""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <EventName>TaskFinish</EventName>
  <JobsDetail>
    <Code>Success</Code>
    <CreationTime>2022-06-30T15:29:42+0800</CreationTime>
    <EndTime>2022-06-30T15:30:45+0800</EndTime>
    <Input>
      <BucketId>examplebucket-1250000000</BucketId>
      <Object>input/demo.mp4</Object>
      <Region>ap-chongqing</Region>
      <CosHeaders><Key>Content-Type</Key><Value>video/mp4</Value></CosHeaders>
      <CosHeaders><Key>x-cos-meta-id</Key><Value>42</Value></CosHeaders>
    </Input>
    <JobId>j8d121820f5e411ec926ef19d53ba9c6f</JobId>
    <Message/>
    <Operation>
      <MediaInfo>
        <Format><Bitrate>1031.731000</Bitrate><Duration>13.654000</Duration><FormatName>mov,mp4</FormatName><NumStream>2</NumStream><Size>1760913</Size></Format>
        <Stream>
          <Audio><Bitrate>128.000000</Bitrate><Channel>2</Channel><CodecName>aac</CodecName><Duration>13.653000</Duration><SampleRate>44100</SampleRate></Audio>
          <Video><AvgFps>50.000000</AvgFps><Bitrate>896.000000</Bitrate><CodecName>h264</CodecName><Height>960</Height><Width>540</Width><Duration>12.960000</Duration></Video>
        </Stream>
      </MediaInfo>
      <MediaResult>
        <OutputFile>
          <Bucket>examplebucket-1250000000</Bucket>
          <Md5Info><Md5>852b4ef6a2b1f8f1a5e5ab0f1e1a9c31</Md5><ObjectName>output/demo.mp4</ObjectName></Md5Info>
          <ObjectName>output/demo.mp4</ObjectName>
          <ObjectPrefix/>
          <Region>ap-chongqing</Region>
        </OutputFile>
      </MediaResult>
      <Output><Bucket>examplebucket-1250000000</Bucket><Object>output/demo.${ext}</Object><Region>ap-chongqing</Region></Output>
      <TemplateId>t01e57db1c2d154d2fb57aa5de9313a897</TemplateId>
      <TemplateName>MP4-265-SD</TemplateName>
      <UserData>bench</UserData>
      <JobLevel>0</JobLevel>
    </Operation>
    <QueueId>p2242ab62c7c94486915508540933a2c6</QueueId>
    <StartTime>2022-06-30T15:29:43+0800</StartTime>
    <State>Success</State>
    <Tag>Transcode</Tag>
  </JobsDetail>
</Response>
"""
with open(os.path.join(out, "small.xml"), "w") as f:
    f.write(SMALL)

value = ("abcdefghij" * 47)[:470]
with open(os.path.join(out, "big.xml"), "w") as f:
    f.write("<Response><EventName>TaskFinish</EventName><JobsDetail><Code>Success</Code><JobId>j1</JobId>"
            "<State>Success</State><Tag>Transcode</Tag><Input><BucketId>b</BucketId><Object>o</Object>")
    for i in range(100_000):
        f.write(f"<CosHeaders><Key>x-cos-meta-{i:06}</Key><Value>{value}</Value></CosHeaders>\n")
    f.write("</Input></JobsDetail></Response>\n")

with open(os.path.join(out, "dense.xml"), "w") as f:
    f.write("<Response><EventName>TaskFinish</EventName><JobsDetail>")
    for i in range(100_000):
        f.write("<Item>" + "".join(f"<Parameter{j}>value-{i:07}-{j}-abcdefghijklm</Parameter{j}>" for j in range(10)) + "</Item>\n")
    f.write("</JobsDetail></Response>\n")

for name in ("small.xml", "big.xml", "dense.xml"):
    print(f"{name}: {os.path.getsize(os.path.join(out, name)):,} bytes")
