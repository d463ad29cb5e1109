package mock

import (
	"cmp"
	"slices"
	"strings"
)

// This file serves DescribeBackupSummaries (CDB, version 2017-03-20): per instance of the region
// and of one product, the counts and volumes of its backups, computed from what the mock serves
// of it. It is a CDB action like DescribeBackups, so a call to it takes the whole pipeline
// (latency, faults, injected answers, gateway, quota; pipeline.go).
//
// Product is required (the API's page marks it so): mysql (two- and three-node instances),
// mysql-basic (single-node: DeviceType BASIC or BASIC_V2) or mysql-cluster (cloud-native
// clusters: DeviceType CLOUD_NATIVE_CLUSTER*); every other DeviceType is mysql. Only SUCCESS
// files count, the mock's reading (a RUNNING file is not whole yet and a FAILED one holds
// nothing): the data backups of the instance's current list (DescribeBackups) by Way, automatic
// or manual, and its binlogs (DescribeBinlogs). Volumes are sums of Size, in bytes;
// BackupVolume is DataBackupVolume + BinlogBackupVolume. OrderBy defaults to BackupVolume,
// OrderDirection to ASC; equal values are ordered by InstanceId, ascending.

const actionBackupSummaries = "DescribeBackupSummaries"

// maxSummariesLimit is the largest Limit DescribeBackupSummaries accepts, as the SDK documents.
const maxSummariesLimit = 100

// Products of DescribeBackupSummaries.
const (
	productMySQL        = "mysql"
	productMySQLBasic   = "mysql-basic"
	productMySQLCluster = "mysql-cluster"
)

// BackupSummaryItem is one element of DescribeBackupSummaries' Items: an instance's backups
// counted, volumes in bytes.
type BackupSummaryItem struct {
	InstanceId         string `json:"InstanceId"`
	AutoBackupCount    int64  `json:"AutoBackupCount"`
	AutoBackupVolume   int64  `json:"AutoBackupVolume"`
	ManualBackupCount  int64  `json:"ManualBackupCount"`
	ManualBackupVolume int64  `json:"ManualBackupVolume"`
	DataBackupCount    int64  `json:"DataBackupCount"`
	DataBackupVolume   int64  `json:"DataBackupVolume"`
	BinlogBackupCount  int64  `json:"BinlogBackupCount"`
	BinlogBackupVolume int64  `json:"BinlogBackupVolume"`
	BackupVolume       int64  `json:"BackupVolume"`
}

// summaryOrders maps OrderBy's values to the volume they order by.
var summaryOrders = map[string]func(BackupSummaryItem) int64{
	"BackupVolume":       func(it BackupSummaryItem) int64 { return it.BackupVolume },
	"DataBackupVolume":   func(it BackupSummaryItem) int64 { return it.DataBackupVolume },
	"BinlogBackupVolume": func(it BackupSummaryItem) int64 { return it.BinlogBackupVolume },
	"AutoBackupVolume":   func(it BackupSummaryItem) int64 { return it.AutoBackupVolume },
	"ManualBackupVolume": func(it BackupSummaryItem) int64 { return it.ManualBackupVolume },
}

// ProductOf returns the DescribeBackupSummaries product an instance of this DeviceType is
// counted under: mysql-basic, mysql-cluster or mysql.
func ProductOf(deviceType string) string {
	switch {
	case deviceType == "BASIC" || deviceType == "BASIC_V2":
		return productMySQLBasic
	case strings.HasPrefix(deviceType, "CLOUD_NATIVE_CLUSTER"):
		return productMySQLCluster
	}
	return productMySQL
}

// summarize counts an instance's SUCCESS backups and binlogs. The caller holds s.mu.
func summarize(instanceID string, in *instance) BackupSummaryItem {
	it := BackupSummaryItem{InstanceId: instanceID}
	w := in.current()
	for _, b := range in.timeline[w.lo:w.hi] {
		if b.Status != "SUCCESS" {
			continue
		}
		it.DataBackupCount++
		it.DataBackupVolume += b.Size
		switch b.Way {
		case "manual":
			it.ManualBackupCount++
			it.ManualBackupVolume += b.Size
		case "automatic":
			it.AutoBackupCount++
			it.AutoBackupVolume += b.Size
		}
	}
	for _, b := range in.binlogs {
		if b.Status == "SUCCESS" {
			it.BinlogBackupCount++
			it.BinlogBackupVolume += b.Size
		}
	}
	it.BackupVolume = it.DataBackupVolume + it.BinlogBackupVolume
	return it
}

// BackupSummary returns what DescribeBackupSummaries answers now for an instance; false when the
// instance does not exist.
func (s *Server) BackupSummary(region, instanceID string) (BackupSummaryItem, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return BackupSummaryItem{}, false
	}
	return summarize(instanceID, in), true
}

// summariesResponse is DescribeBackupSummaries' answer.
type summariesResponse struct {
	Response struct {
		Items      []BackupSummaryItem `json:"Items"`
		TotalCount int64               `json:"TotalCount"`
		RequestId  string              `json:"RequestId"`
	} `json:"Response"`
}

// describeBackupSummaries answers DescribeBackupSummaries once the call is through the gateway,
// the quota and the faults.
func (s *Server) describeBackupSummaries(region string, body []byte, requestID string) (any, *apiError) {
	fields, aerr := actionFields(body, actionBackupSummaries, "Product", "Offset", "Limit", "OrderBy", "OrderDirection")
	if aerr != nil {
		return nil, aerr
	}
	product, aerr := requiredString(fields, "Product")
	if aerr != nil {
		return nil, aerr
	}
	products := []string{productMySQL, productMySQLBasic, productMySQLCluster}
	if !slices.Contains(products, product) {
		return nil, newError(codeInvalidParameterValue, "The value of parameter `Product` (`%s`) is not valid: it must be one of %s.",
			product, joinNames(products))
	}
	offset, aerr := pageOffset(fields)
	if aerr != nil {
		return nil, aerr
	}
	limit, aerr := pageLimit(fields, maxSummariesLimit)
	if aerr != nil {
		return nil, aerr
	}
	orderBy, ascending, aerr := ordering(fields, []string{"BackupVolume", "DataBackupVolume", "BinlogBackupVolume",
		"AutoBackupVolume", "ManualBackupVolume"}, "BackupVolume", "ASC")
	if aerr != nil {
		return nil, aerr
	}

	s.mu.Lock()
	items := []BackupSummaryItem{}
	for id, in := range s.instances[region] {
		in.refresh(s.clock())
		if ProductOf(in.info.DeviceType) == product {
			items = append(items, summarize(id, in))
		}
	}
	s.mu.Unlock()
	key := summaryOrders[orderBy]
	slices.SortFunc(items, func(a, b BackupSummaryItem) int {
		c := cmp.Compare(key(a), key(b))
		if !ascending {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.InstanceId, b.InstanceId))
	})
	var resp summariesResponse
	resp.Response.TotalCount = int64(len(items))
	resp.Response.Items = pageOf(items, offset, limit)
	resp.Response.RequestId = requestID
	return resp, nil
}
